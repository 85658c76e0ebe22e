# A complete account: key, recording and limits. Against the emulator (in the repository: npm run emulator --):
#   npx voicegateway-emulator --write-env-file .emulator.env & emulator=$!
#   until [ -f .emulator.env ]; do sleep 0.2; done; . ./.emulator.env
#   terraform init && terraform apply -var-file=example.tfvars
#   kill $emulator   # the emulator removes .emulator.env as it stops
terraform {
  required_providers {
    voicegateway = {
      source  = "voicegateway/voicegateway"
      version = "~> 0.1"
    }
  }
}

# Connection from VOICEGATEWAY_API_URL, VOICEGATEWAY_API_KEY and VOICEGATEWAY_SERVICE_PROVIDER_SID.
provider "voicegateway" {}

variable "environment" {
  type    = string
  default = "staging"
}

variable "recording_secret_access_key" {
  type      = string
  sensitive = true
}

resource "voicegateway_account" "customer" {
  name      = "${var.environment}-customer"
  sip_realm = "${var.environment}-customer.sip.example.com"
  queue_event_hook = {
    url = "https://hooks.example.com/${var.environment}/queue-events"
  }
}

resource "voicegateway_account_api_key" "ci" {
  account_sid = voicegateway_account.customer.id
}

resource "voicegateway_account_recording" "customer" {
  account_sid      = voicegateway_account.customer.id
  record_all_calls = true
  record_format    = "wav"
  aws_s3 = {
    bucket                       = "${var.environment}-call-recordings"
    region                       = "eu-west-1"
    access_key_id                = "AKIAIOSFODNN7EXAMPLE"
    secret_access_key_wo         = var.recording_secret_access_key
    secret_access_key_wo_version = "1"
    tags                         = { environment = var.environment }
  }
}

resource "voicegateway_account_limits" "customer" {
  account_sid = voicegateway_account.customer.id
  unit        = "sessions"
  max         = 100
  licensed    = 50
}

output "account_sid" {
  value = voicegateway_account.customer.id
}

output "ci_api_key" {
  value     = voicegateway_account_api_key.ci.token
  sensitive = true
}
