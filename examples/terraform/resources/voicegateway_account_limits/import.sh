# Limits are imported by the account's SID.
terraform import voicegateway_account_limits.acme 2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c
