# Terraform 1.14+. Run it on its own: terraform apply -invoke=action.voicegateway_account_tts_cache_clear.acme
action "voicegateway_account_tts_cache_clear" "acme" {
  config {
    account_sid = voicegateway_account.acme.id
  }
}

# Or whenever something changes, here the voice the account's applications use:
resource "terraform_data" "voice" {
  input = "en-US-Neural2-F"

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.voicegateway_account_tts_cache_clear.acme]
    }
  }
}
