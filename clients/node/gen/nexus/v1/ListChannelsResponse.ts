// Original file: ../../proto/nexus/v1/channel_service.proto

import type { Channel as _nexus_v1_Channel, Channel__Output as _nexus_v1_Channel__Output } from '../../nexus/v1/Channel';

export interface ListChannelsResponse {
  'channels'?: (_nexus_v1_Channel)[];
  'nextPageToken'?: (string);
}

export interface ListChannelsResponse__Output {
  'channels': (_nexus_v1_Channel__Output)[];
  'nextPageToken': (string);
}
