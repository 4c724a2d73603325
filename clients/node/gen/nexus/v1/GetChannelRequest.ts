// Original file: ../../proto/nexus/v1/channel_service.proto


export interface GetChannelRequest {
  'name'?: (string);
}

export interface GetChannelRequest__Output {
  'name': (string);
}
