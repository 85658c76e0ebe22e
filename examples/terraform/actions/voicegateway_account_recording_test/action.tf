# Terraform 1.14+. The portal writes jambonz-sample.text into the bucket each time this runs.
action "voicegateway_account_recording_test" "acme" {
  config {
    account_sid = voicegateway_account.acme.id
  }
}

resource "voicegateway_account_recording" "acme" {
  account_sid = voicegateway_account.acme.id
  aws_s3 = {
    bucket                       = "acme-call-recordings"
    region                       = "eu-west-1"
    access_key_id                = "AKIAIOSFODNN7EXAMPLE"
    secret_access_key_wo         = var.recording_secret_access_key
    secret_access_key_wo_version = "1"
  }

  # Test the credential after every change; a failing test fails the apply with the portal's reason.
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.voicegateway_account_recording_test.acme]
    }
  }
}
