// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface ListParticipantsRequest {
  'parent'?: (string);
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListParticipantsRequest__Output {
  'parent': (string);
  'pageSize': (number);
  'pageToken': (string);
}
