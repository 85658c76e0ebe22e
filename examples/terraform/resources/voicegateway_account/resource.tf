resource "voicegateway_account" "acme" {
  name      = "acme"
  sip_realm = "acme.sip.example.com"

  registration_hook = {
    url      = "https://hooks.example.com/registration"
    method   = "POST"
    username = "portal"
    password = var.registration_hook_password
  }
  queue_event_hook = {
    url = "https://hooks.example.com/queue-events"
  }

  # Change this value to have the portal generate a new webhook secret.
  webhook_secret_rotation = "2026-11"
}

variable "registration_hook_password" {
  type      = string
  sensitive = true
}

output "acme_webhook_secret" {
  value     = voicegateway_account.acme.webhook_secret
  sensitive = true
}
