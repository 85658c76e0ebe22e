# By name within the provider's service provider (names are unique there), or by id.
data "voicegateway_account" "existing" {
  name = "acme"
}

output "existing_account_realm" {
  value = data.voicegateway_account.existing.sip_realm
}
