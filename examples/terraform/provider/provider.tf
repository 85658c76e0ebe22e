terraform {
  required_providers {
    voicegateway = {
      source  = "voicegateway/voicegateway"
      version = "~> 0.1"
    }
  }
}

# Every setting can come from the environment instead:
# VOICEGATEWAY_API_URL, VOICEGATEWAY_API_KEY, VOICEGATEWAY_SERVICE_PROVIDER_SID.
provider "voicegateway" {
  api_url              = "https://vg.example.com/api/v1"
  service_provider_sid = "8a1c7b2e-5d4f-4e3a-9b6c-0d2e1f3a4b5c"
  # api_key from VOICEGATEWAY_API_KEY, so it stays out of the configuration.

  # The portal allows 600 requests per 5 minutes for everyone together; leave 10% to its users.
  rate_limit_requests        = 600
  rate_limit_reserve_percent = 10
}
