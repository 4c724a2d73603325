// Original file: ../../proto/nexus/v1/channel_service.proto

import type { Channel as _nexus_v1_Channel, Channel__Output as _nexus_v1_Channel__Output } from '../../nexus/v1/Channel';

export interface CreateChannelRequest {
  'channel'?: (_nexus_v1_Channel | null);
  'requestId'?: (string);
}

export interface CreateChannelRequest__Output {
  'channel': (_nexus_v1_Channel__Output | null);
  'requestId': (string);
}
