// Original file: ../../proto/nexus/v1/access_service.proto


export interface ListApiKeysRequest {
  'pageSize'?: (number);
  'pageToken'?: (string);
  'showRevoked'?: (boolean);
}

export interface ListApiKeysRequest__Output {
  'pageSize': (number);
  'pageToken': (string);
  'showRevoked': (boolean);
}
