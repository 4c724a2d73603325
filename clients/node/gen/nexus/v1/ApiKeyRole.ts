// Original file: ../../proto/nexus/v1/access.proto

export const ApiKeyRole = {
  API_KEY_ROLE_UNSPECIFIED: 'API_KEY_ROLE_UNSPECIFIED',
  API_KEY_ROLE_ADMIN: 'API_KEY_ROLE_ADMIN',
  API_KEY_ROLE_AGENT: 'API_KEY_ROLE_AGENT',
  API_KEY_ROLE_WIDGET: 'API_KEY_ROLE_WIDGET',
} as const;

export type ApiKeyRole =
  | 'API_KEY_ROLE_UNSPECIFIED'
  | 0
  | 'API_KEY_ROLE_ADMIN'
  | 1
  | 'API_KEY_ROLE_AGENT'
  | 2
  | 'API_KEY_ROLE_WIDGET'
  | 3

export type ApiKeyRole__Output = typeof ApiKeyRole[keyof typeof ApiKeyRole]
