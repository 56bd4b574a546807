//! The card issuer API ("Barclays US" shape): login with device binding and OTP, token refresh, every data kind.
