//! Exports the TypeScript twins of the core view types the commands return directly (ts-rs only
//! follows types that appear inside this crate's own exported types).

#[cfg(test)]
mod tests {
    use coffer_core::vault::store::views::{
        AuditEntry, CardEventView, CreditScoreView, RewardProgramView, StatementView, TransferView,
    };
    use coffer_core::vault::store::{AccountView, ConnectionInfo, TransactionView};
    use coffer_core::VaultStatus;
    use ts_rs::TS;

    #[test]
    fn export_core_view_bindings() {
        let cfg = ts_rs::Config::from_env();
        StatementView::export_all(&cfg).unwrap();
        TransferView::export_all(&cfg).unwrap();
        CardEventView::export_all(&cfg).unwrap();
        CreditScoreView::export_all(&cfg).unwrap();
        RewardProgramView::export_all(&cfg).unwrap();
        AuditEntry::export_all(&cfg).unwrap();
        AccountView::export_all(&cfg).unwrap();
        TransactionView::export_all(&cfg).unwrap();
        ConnectionInfo::export_all(&cfg).unwrap();
        VaultStatus::export_all(&cfg).unwrap();
    }
}
