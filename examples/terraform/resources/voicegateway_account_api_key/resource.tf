resource "voicegateway_account_api_key" "ci" {
  account_sid = voicegateway_account.acme.id

  # Change a trigger to rotate: the old key is deleted and a new one created.
  triggers = {
    rotated = "2026-11"
  }
}

output "ci_api_key" {
  value     = voicegateway_account_api_key.ci.token
  sensitive = true
}
