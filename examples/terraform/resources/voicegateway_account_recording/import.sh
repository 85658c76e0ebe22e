# Recording is a setting of the account: import it by the account's SID.
terraform import voicegateway_account_recording.acme 2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c
