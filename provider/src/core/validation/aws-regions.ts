/** The AWS regions the portal offers for an S3 recording bucket (portal-behaviour.md §10); the server accepts any string. */
export const PORTAL_AWS_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-southeast-3",
  "ap-south-1",
  "ap-northeast-3",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-south-1",
  "eu-west-3",
  "eu-north-1",
  "me-south-1",
  "sa-east-1",
] as const;

export type PortalAwsRegion = (typeof PORTAL_AWS_REGIONS)[number];

/** The shape of any AWS region name, for regions outside the portal's list when the user opts out of the check. */
export const AWS_REGION_SHAPE = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
