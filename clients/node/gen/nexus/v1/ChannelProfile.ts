// Original file: ../../proto/nexus/v1/channel.proto

export const ChannelProfile = {
  CHANNEL_PROFILE_UNSPECIFIED: 'CHANNEL_PROFILE_UNSPECIFIED',
  CHANNEL_PROFILE_NEXUS: 'CHANNEL_PROFILE_NEXUS',
  CHANNEL_PROFILE_GENESYS_TPM: 'CHANNEL_PROFILE_GENESYS_TPM',
  CHANNEL_PROFILE_TWILIO: 'CHANNEL_PROFILE_TWILIO',
  CHANNEL_PROFILE_SMTP: 'CHANNEL_PROFILE_SMTP',
} as const;

export type ChannelProfile =
  | 'CHANNEL_PROFILE_UNSPECIFIED'
  | 0
  | 'CHANNEL_PROFILE_NEXUS'
  | 1
  | 'CHANNEL_PROFILE_GENESYS_TPM'
  | 2
  | 'CHANNEL_PROFILE_TWILIO'
  | 3
  | 'CHANNEL_PROFILE_SMTP'
  | 4

export type ChannelProfile__Output = typeof ChannelProfile[keyof typeof ChannelProfile]
