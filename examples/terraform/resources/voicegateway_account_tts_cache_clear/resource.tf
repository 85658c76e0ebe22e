# Clears the account's TTS prompt cache now, and again whenever a trigger changes.
resource "voicegateway_account_tts_cache_clear" "on_voice_change" {
  account_sid = voicegateway_account.acme.id
  triggers = {
    voice = "en-US-Neural2-F"
  }
}
