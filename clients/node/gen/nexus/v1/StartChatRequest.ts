// Original file: ../../proto/nexus/v1/access_service.proto


export interface StartChatRequest {
  'customerName'?: (string);
  'subject'?: (string);
  'queue'?: (string);
  'requestId'?: (string);
}

export interface StartChatRequest__Output {
  'customerName': (string);
  'subject': (string);
  'queue': (string);
  'requestId': (string);
}
