//! The desktop app's security configuration, frozen: a strict CSP, no global Tauri object, and a
//! capability that grants the main window exactly the commands the app registers — no more.

use std::collections::BTreeSet;

fn read(path: &str) -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json(path: &str) -> serde_json::Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Command names between the brackets of `generate_handler![...]` or a `&[...]` list.
fn names_in(source: &str, start_marker: &str) -> BTreeSet<String> {
    let start = source.find(start_marker).expect("marker present") + start_marker.len();
    let end = start + source[start..].find(']').expect("list closes");
    source[start..end]
        .split(',')
        .map(|s| {
            s.trim()
                .trim_matches('"')
                .rsplit("::")
                .next()
                .unwrap_or("")
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn csp_is_strict_and_global_tauri_is_off() {
    let conf = json("tauri.conf.json");
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    let csp = &conf["app"]["security"]["csp"];
    assert!(csp.is_object(), "a CSP must be set");
    for (directive, value) in csp.as_object().unwrap() {
        let value = value.as_str().unwrap();
        assert!(!value.contains("unsafe-inline"), "{directive}: {value}");
        assert!(!value.contains("unsafe-eval"), "{directive}: {value}");
        assert!(!value.contains('*'), "{directive}: {value}");
        assert!(
            !value.contains("https:") && !value.contains("http://")
                || value.contains("http://ipc.localhost"),
            "{directive} allows a remote origin: {value}"
        );
    }
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    assert_eq!(csp["frame-ancestors"], "'none'");
    assert_ne!(
        conf["app"]["security"]["dangerousDisableAssetCspModification"],
        true
    );
}

#[test]
fn the_window_may_call_exactly_the_registered_commands() {
    let registered = names_in(&read("src-tauri/lib.rs"), "generate_handler![");
    let under_acl = names_in(&read("src-tauri/build.rs"), "let commands = &[");
    assert_eq!(
        registered, under_acl,
        "every registered command must be under the ACL"
    );

    let capability = json("capabilities/main-window.json");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    assert!(
        granted
            .iter()
            .all(|p| !p.starts_with("dialog:") && !p.starts_with("fs:")),
        "the webview gets no dialog or fs permission; files are saved only through save_file"
    );
    assert!(registered.contains("save_file"));
    let mut expected: BTreeSet<String> = registered
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    expected.insert("core:default".into());
    assert_eq!(
        granted, expected,
        "capabilities grant exactly core:default and the app's commands"
    );
}
