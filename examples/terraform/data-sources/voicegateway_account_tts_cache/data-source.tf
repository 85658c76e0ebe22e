data "voicegateway_account_tts_cache" "acme" {
  account_sid = voicegateway_account.acme.id
}

output "cached_tts_prompts" {
  value = data.voicegateway_account_tts_cache.acme.cached_prompts
}
