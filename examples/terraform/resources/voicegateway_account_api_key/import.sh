# The portal finds keys only through their account: <account_sid>/<api_key_sid>.
terraform import voicegateway_account_api_key.ci 2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c/7b0d9a3e-2c41-4f6e-9a57-0c8d2e1f4a6b
