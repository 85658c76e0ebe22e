resource "voicegateway_account_limits" "acme" {
  account_sid = voicegateway_account.acme.id
  unit        = "sessions" # or "minutes"
  max         = 100        # 0 = unlimited
  licensed    = 50
}
