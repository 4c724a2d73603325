// Original file: ../../proto/nexus/v1/channel.proto


export interface ProviderSettings {
  'senderId'?: (string);
  'fromAddress'?: (string);
  'accountId'?: (string);
  'credentials'?: (string);
  'hasCredentials'?: (boolean);
  'smtpHost'?: (string);
  'smtpPort'?: (number);
  'smtpStarttls'?: (boolean);
  'smtpUsername'?: (string);
  '_smtpStarttls'?: "smtpStarttls";
}

export interface ProviderSettings__Output {
  'senderId': (string);
  'fromAddress': (string);
  'accountId': (string);
  'credentials': (string);
  'hasCredentials': (boolean);
  'smtpHost': (string);
  'smtpPort': (number);
  'smtpStarttls'?: (boolean);
  'smtpUsername': (string);
  '_smtpStarttls'?: "smtpStarttls";
}
