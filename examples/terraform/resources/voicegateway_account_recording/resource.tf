resource "voicegateway_account_recording" "acme" {
  account_sid      = voicegateway_account.acme.id
  record_all_calls = true
  record_format    = "mp3"

  aws_s3 = {
    bucket        = "acme-call-recordings"
    region        = "eu-west-1"
    access_key_id = "AKIAIOSFODNN7EXAMPLE"
    # Write-only (Terraform 1.11+): sent to the portal, never stored in state.
    # Bump the version to send a new secret.
    secret_access_key_wo         = var.recording_secret_access_key
    secret_access_key_wo_version = "1"
    tags = {
      team = "voice"
    }
  }
}

variable "recording_secret_access_key" {
  type      = string
  sensitive = true
}

# The other vendors, exactly one per account:
#   s3_compatible        = { endpoint, bucket, region, access_key_id, secret_access_key[_wo], tags }
#   google_cloud_storage = { bucket, service_key[_wo] = file("key.json"), tags }
#   azure_blob           = { container, connection_string[_wo], tags }
