// Original file: ../../proto/nexus/v1/channel_service.proto


export interface DeleteChannelRequest {
  'name'?: (string);
  'etag'?: (string);
}

export interface DeleteChannelRequest__Output {
  'name': (string);
  'etag': (string);
}
