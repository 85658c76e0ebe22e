# An account is imported by its SID.
terraform import voicegateway_account.acme 2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c
