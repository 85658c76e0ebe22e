# accounts.tfquery.hcl (Terraform 1.14+). Find existing accounts, then write import and resource blocks for them:
#   terraform query -generate-config-out=adopted.tf
list "voicegateway_account" "acme" {
  provider         = voicegateway
  include_resource = true # the generated resource blocks are filled from each account
  limit            = 50

  config {
    name_prefix = "acme-"
    # name_pattern         = "acme-*-prod"
    # service_provider_sid = "..."
  }
}
