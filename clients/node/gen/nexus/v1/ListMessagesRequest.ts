// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface ListMessagesRequest {
  'parent'?: (string);
  'pageSize'?: (number);
  'pageToken'?: (string);
  'excludeInternal'?: (boolean);
}

export interface ListMessagesRequest__Output {
  'parent': (string);
  'pageSize': (number);
  'pageToken': (string);
  'excludeInternal': (boolean);
}
