// Original file: ../../proto/nexus/v1/interaction_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AcceptInteractionRequest as _nexus_v1_AcceptInteractionRequest, AcceptInteractionRequest__Output as _nexus_v1_AcceptInteractionRequest__Output } from '../../nexus/v1/AcceptInteractionRequest';
import type { AddParticipantRequest as _nexus_v1_AddParticipantRequest, AddParticipantRequest__Output as _nexus_v1_AddParticipantRequest__Output } from '../../nexus/v1/AddParticipantRequest';
import type { AutomateInteractionRequest as _nexus_v1_AutomateInteractionRequest, AutomateInteractionRequest__Output as _nexus_v1_AutomateInteractionRequest__Output } from '../../nexus/v1/AutomateInteractionRequest';
import type { CompleteInteractionRequest as _nexus_v1_CompleteInteractionRequest, CompleteInteractionRequest__Output as _nexus_v1_CompleteInteractionRequest__Output } from '../../nexus/v1/CompleteInteractionRequest';
import type { CreateInteractionRequest as _nexus_v1_CreateInteractionRequest, CreateInteractionRequest__Output as _nexus_v1_CreateInteractionRequest__Output } from '../../nexus/v1/CreateInteractionRequest';
import type { DeclineInteractionRequest as _nexus_v1_DeclineInteractionRequest, DeclineInteractionRequest__Output as _nexus_v1_DeclineInteractionRequest__Output } from '../../nexus/v1/DeclineInteractionRequest';
import type { GetInteractionRequest as _nexus_v1_GetInteractionRequest, GetInteractionRequest__Output as _nexus_v1_GetInteractionRequest__Output } from '../../nexus/v1/GetInteractionRequest';
import type { GetMessageRequest as _nexus_v1_GetMessageRequest, GetMessageRequest__Output as _nexus_v1_GetMessageRequest__Output } from '../../nexus/v1/GetMessageRequest';
import type { GetStateModelRequest as _nexus_v1_GetStateModelRequest, GetStateModelRequest__Output as _nexus_v1_GetStateModelRequest__Output } from '../../nexus/v1/GetStateModelRequest';
import type { GetTimerPolicyRequest as _nexus_v1_GetTimerPolicyRequest, GetTimerPolicyRequest__Output as _nexus_v1_GetTimerPolicyRequest__Output } from '../../nexus/v1/GetTimerPolicyRequest';
import type { Interaction as _nexus_v1_Interaction, Interaction__Output as _nexus_v1_Interaction__Output } from '../../nexus/v1/Interaction';
import type { ListInteractionsRequest as _nexus_v1_ListInteractionsRequest, ListInteractionsRequest__Output as _nexus_v1_ListInteractionsRequest__Output } from '../../nexus/v1/ListInteractionsRequest';
import type { ListInteractionsResponse as _nexus_v1_ListInteractionsResponse, ListInteractionsResponse__Output as _nexus_v1_ListInteractionsResponse__Output } from '../../nexus/v1/ListInteractionsResponse';
import type { ListMessagesRequest as _nexus_v1_ListMessagesRequest, ListMessagesRequest__Output as _nexus_v1_ListMessagesRequest__Output } from '../../nexus/v1/ListMessagesRequest';
import type { ListMessagesResponse as _nexus_v1_ListMessagesResponse, ListMessagesResponse__Output as _nexus_v1_ListMessagesResponse__Output } from '../../nexus/v1/ListMessagesResponse';
import type { ListParticipantsRequest as _nexus_v1_ListParticipantsRequest, ListParticipantsRequest__Output as _nexus_v1_ListParticipantsRequest__Output } from '../../nexus/v1/ListParticipantsRequest';
import type { ListParticipantsResponse as _nexus_v1_ListParticipantsResponse, ListParticipantsResponse__Output as _nexus_v1_ListParticipantsResponse__Output } from '../../nexus/v1/ListParticipantsResponse';
import type { ListTimerPoliciesRequest as _nexus_v1_ListTimerPoliciesRequest, ListTimerPoliciesRequest__Output as _nexus_v1_ListTimerPoliciesRequest__Output } from '../../nexus/v1/ListTimerPoliciesRequest';
import type { ListTimerPoliciesResponse as _nexus_v1_ListTimerPoliciesResponse, ListTimerPoliciesResponse__Output as _nexus_v1_ListTimerPoliciesResponse__Output } from '../../nexus/v1/ListTimerPoliciesResponse';
import type { MarkMessageReadRequest as _nexus_v1_MarkMessageReadRequest, MarkMessageReadRequest__Output as _nexus_v1_MarkMessageReadRequest__Output } from '../../nexus/v1/MarkMessageReadRequest';
import type { Message as _nexus_v1_Message, Message__Output as _nexus_v1_Message__Output } from '../../nexus/v1/Message';
import type { OfferInteractionRequest as _nexus_v1_OfferInteractionRequest, OfferInteractionRequest__Output as _nexus_v1_OfferInteractionRequest__Output } from '../../nexus/v1/OfferInteractionRequest';
import type { Participant as _nexus_v1_Participant, Participant__Output as _nexus_v1_Participant__Output } from '../../nexus/v1/Participant';
import type { QueueInteractionRequest as _nexus_v1_QueueInteractionRequest, QueueInteractionRequest__Output as _nexus_v1_QueueInteractionRequest__Output } from '../../nexus/v1/QueueInteractionRequest';
import type { RemoveParticipantRequest as _nexus_v1_RemoveParticipantRequest, RemoveParticipantRequest__Output as _nexus_v1_RemoveParticipantRequest__Output } from '../../nexus/v1/RemoveParticipantRequest';
import type { ResumeInteractionRequest as _nexus_v1_ResumeInteractionRequest, ResumeInteractionRequest__Output as _nexus_v1_ResumeInteractionRequest__Output } from '../../nexus/v1/ResumeInteractionRequest';
import type { SendMessageRequest as _nexus_v1_SendMessageRequest, SendMessageRequest__Output as _nexus_v1_SendMessageRequest__Output } from '../../nexus/v1/SendMessageRequest';
import type { SendTypingRequest as _nexus_v1_SendTypingRequest, SendTypingRequest__Output as _nexus_v1_SendTypingRequest__Output } from '../../nexus/v1/SendTypingRequest';
import type { SnoozeInteractionRequest as _nexus_v1_SnoozeInteractionRequest, SnoozeInteractionRequest__Output as _nexus_v1_SnoozeInteractionRequest__Output } from '../../nexus/v1/SnoozeInteractionRequest';
import type { StateModel as _nexus_v1_StateModel, StateModel__Output as _nexus_v1_StateModel__Output } from '../../nexus/v1/StateModel';
import type { TimerPolicy as _nexus_v1_TimerPolicy, TimerPolicy__Output as _nexus_v1_TimerPolicy__Output } from '../../nexus/v1/TimerPolicy';
import type { TransferInteractionRequest as _nexus_v1_TransferInteractionRequest, TransferInteractionRequest__Output as _nexus_v1_TransferInteractionRequest__Output } from '../../nexus/v1/TransferInteractionRequest';
import type { TypingIndicator as _nexus_v1_TypingIndicator, TypingIndicator__Output as _nexus_v1_TypingIndicator__Output } from '../../nexus/v1/TypingIndicator';
import type { UpdateInteractionRequest as _nexus_v1_UpdateInteractionRequest, UpdateInteractionRequest__Output as _nexus_v1_UpdateInteractionRequest__Output } from '../../nexus/v1/UpdateInteractionRequest';
import type { UpdateTimerPolicyRequest as _nexus_v1_UpdateTimerPolicyRequest, UpdateTimerPolicyRequest__Output as _nexus_v1_UpdateTimerPolicyRequest__Output } from '../../nexus/v1/UpdateTimerPolicyRequest';
import type { WaitInteractionRequest as _nexus_v1_WaitInteractionRequest, WaitInteractionRequest__Output as _nexus_v1_WaitInteractionRequest__Output } from '../../nexus/v1/WaitInteractionRequest';
import type { WrapUpInteractionRequest as _nexus_v1_WrapUpInteractionRequest, WrapUpInteractionRequest__Output as _nexus_v1_WrapUpInteractionRequest__Output } from '../../nexus/v1/WrapUpInteractionRequest';

export interface InteractionServiceClient extends grpc.Client {
  AcceptInteraction(argument: _nexus_v1_AcceptInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  AcceptInteraction(argument: _nexus_v1_AcceptInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  AcceptInteraction(argument: _nexus_v1_AcceptInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  AcceptInteraction(argument: _nexus_v1_AcceptInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  acceptInteraction(argument: _nexus_v1_AcceptInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  acceptInteraction(argument: _nexus_v1_AcceptInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  acceptInteraction(argument: _nexus_v1_AcceptInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  acceptInteraction(argument: _nexus_v1_AcceptInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
  AddParticipant(argument: _nexus_v1_AddParticipantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  AddParticipant(argument: _nexus_v1_AddParticipantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  AddParticipant(argument: _nexus_v1_AddParticipantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  AddParticipant(argument: _nexus_v1_AddParticipantRequest, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  addParticipant(argument: _nexus_v1_AddParticipantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  addParticipant(argument: _nexus_v1_AddParticipantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  addParticipant(argument: _nexus_v1_AddParticipantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  addParticipant(argument: _nexus_v1_AddParticipantRequest, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  
  AutomateInteraction(argument: _nexus_v1_AutomateInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  AutomateInteraction(argument: _nexus_v1_AutomateInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  AutomateInteraction(argument: _nexus_v1_AutomateInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  AutomateInteraction(argument: _nexus_v1_AutomateInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  automateInteraction(argument: _nexus_v1_AutomateInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  automateInteraction(argument: _nexus_v1_AutomateInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  automateInteraction(argument: _nexus_v1_AutomateInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  automateInteraction(argument: _nexus_v1_AutomateInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
  CompleteInteraction(argument: _nexus_v1_CompleteInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  CompleteInteraction(argument: _nexus_v1_CompleteInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  CompleteInteraction(argument: _nexus_v1_CompleteInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  CompleteInteraction(argument: _nexus_v1_CompleteInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  completeInteraction(argument: _nexus_v1_CompleteInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  completeInteraction(argument: _nexus_v1_CompleteInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  completeInteraction(argument: _nexus_v1_CompleteInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  completeInteraction(argument: _nexus_v1_CompleteInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
  CreateInteraction(argument: _nexus_v1_CreateInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  CreateInteraction(argument: _nexus_v1_CreateInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  CreateInteraction(argument: _nexus_v1_CreateInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  CreateInteraction(argument: _nexus_v1_CreateInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  createInteraction(argument: _nexus_v1_CreateInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  createInteraction(argument: _nexus_v1_CreateInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  createInteraction(argument: _nexus_v1_CreateInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  createInteraction(argument: _nexus_v1_CreateInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
  DeclineInteraction(argument: _nexus_v1_DeclineInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  DeclineInteraction(argument: _nexus_v1_DeclineInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  DeclineInteraction(argument: _nexus_v1_DeclineInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  DeclineInteraction(argument: _nexus_v1_DeclineInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  declineInteraction(argument: _nexus_v1_DeclineInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  declineInteraction(argument: _nexus_v1_DeclineInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  declineInteraction(argument: _nexus_v1_DeclineInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  declineInteraction(argument: _nexus_v1_DeclineInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
  GetInteraction(argument: _nexus_v1_GetInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  GetInteraction(argument: _nexus_v1_GetInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  GetInteraction(argument: _nexus_v1_GetInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  GetInteraction(argument: _nexus_v1_GetInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  getInteraction(argument: _nexus_v1_GetInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  getInteraction(argument: _nexus_v1_GetInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  getInteraction(argument: _nexus_v1_GetInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  getInteraction(argument: _nexus_v1_GetInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
  GetMessage(argument: _nexus_v1_GetMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  GetMessage(argument: _nexus_v1_GetMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  GetMessage(argument: _nexus_v1_GetMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  GetMessage(argument: _nexus_v1_GetMessageRequest, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  getMessage(argument: _nexus_v1_GetMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  getMessage(argument: _nexus_v1_GetMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  getMessage(argument: _nexus_v1_GetMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  getMessage(argument: _nexus_v1_GetMessageRequest, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  
  GetStateModel(argument: _nexus_v1_GetStateModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_StateModel__Output>): grpc.ClientUnaryCall;
  GetStateModel(argument: _nexus_v1_GetStateModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_StateModel__Output>): grpc.ClientUnaryCall;
  GetStateModel(argument: _nexus_v1_GetStateModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_StateModel__Output>): grpc.ClientUnaryCall;
  GetStateModel(argument: _nexus_v1_GetStateModelRequest, callback: grpc.requestCallback<_nexus_v1_StateModel__Output>): grpc.ClientUnaryCall;
  getStateModel(argument: _nexus_v1_GetStateModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_StateModel__Output>): grpc.ClientUnaryCall;
  getStateModel(argument: _nexus_v1_GetStateModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_StateModel__Output>): grpc.ClientUnaryCall;
  getStateModel(argument: _nexus_v1_GetStateModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_StateModel__Output>): grpc.ClientUnaryCall;
  getStateModel(argument: _nexus_v1_GetStateModelRequest, callback: grpc.requestCallback<_nexus_v1_StateModel__Output>): grpc.ClientUnaryCall;
  
  GetTimerPolicy(argument: _nexus_v1_GetTimerPolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  GetTimerPolicy(argument: _nexus_v1_GetTimerPolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  GetTimerPolicy(argument: _nexus_v1_GetTimerPolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  GetTimerPolicy(argument: _nexus_v1_GetTimerPolicyRequest, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  getTimerPolicy(argument: _nexus_v1_GetTimerPolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  getTimerPolicy(argument: _nexus_v1_GetTimerPolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  getTimerPolicy(argument: _nexus_v1_GetTimerPolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  getTimerPolicy(argument: _nexus_v1_GetTimerPolicyRequest, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  
  ListInteractions(argument: _nexus_v1_ListInteractionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListInteractionsResponse__Output>): grpc.ClientUnaryCall;
  ListInteractions(argument: _nexus_v1_ListInteractionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListInteractionsResponse__Output>): grpc.ClientUnaryCall;
  ListInteractions(argument: _nexus_v1_ListInteractionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListInteractionsResponse__Output>): grpc.ClientUnaryCall;
  ListInteractions(argument: _nexus_v1_ListInteractionsRequest, callback: grpc.requestCallback<_nexus_v1_ListInteractionsResponse__Output>): grpc.ClientUnaryCall;
  listInteractions(argument: _nexus_v1_ListInteractionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListInteractionsResponse__Output>): grpc.ClientUnaryCall;
  listInteractions(argument: _nexus_v1_ListInteractionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListInteractionsResponse__Output>): grpc.ClientUnaryCall;
  listInteractions(argument: _nexus_v1_ListInteractionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListInteractionsResponse__Output>): grpc.ClientUnaryCall;
  listInteractions(argument: _nexus_v1_ListInteractionsRequest, callback: grpc.requestCallback<_nexus_v1_ListInteractionsResponse__Output>): grpc.ClientUnaryCall;
  
  ListMessages(argument: _nexus_v1_ListMessagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  ListMessages(argument: _nexus_v1_ListMessagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  ListMessages(argument: _nexus_v1_ListMessagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  ListMessages(argument: _nexus_v1_ListMessagesRequest, callback: grpc.requestCallback<_nexus_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _nexus_v1_ListMessagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _nexus_v1_ListMessagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _nexus_v1_ListMessagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _nexus_v1_ListMessagesRequest, callback: grpc.requestCallback<_nexus_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  
  ListParticipants(argument: _nexus_v1_ListParticipantsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListParticipantsResponse__Output>): grpc.ClientUnaryCall;
  ListParticipants(argument: _nexus_v1_ListParticipantsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListParticipantsResponse__Output>): grpc.ClientUnaryCall;
  ListParticipants(argument: _nexus_v1_ListParticipantsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListParticipantsResponse__Output>): grpc.ClientUnaryCall;
  ListParticipants(argument: _nexus_v1_ListParticipantsRequest, callback: grpc.requestCallback<_nexus_v1_ListParticipantsResponse__Output>): grpc.ClientUnaryCall;
  listParticipants(argument: _nexus_v1_ListParticipantsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListParticipantsResponse__Output>): grpc.ClientUnaryCall;
  listParticipants(argument: _nexus_v1_ListParticipantsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListParticipantsResponse__Output>): grpc.ClientUnaryCall;
  listParticipants(argument: _nexus_v1_ListParticipantsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListParticipantsResponse__Output>): grpc.ClientUnaryCall;
  listParticipants(argument: _nexus_v1_ListParticipantsRequest, callback: grpc.requestCallback<_nexus_v1_ListParticipantsResponse__Output>): grpc.ClientUnaryCall;
  
  ListTimerPolicies(argument: _nexus_v1_ListTimerPoliciesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListTimerPoliciesResponse__Output>): grpc.ClientUnaryCall;
  ListTimerPolicies(argument: _nexus_v1_ListTimerPoliciesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListTimerPoliciesResponse__Output>): grpc.ClientUnaryCall;
  ListTimerPolicies(argument: _nexus_v1_ListTimerPoliciesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListTimerPoliciesResponse__Output>): grpc.ClientUnaryCall;
  ListTimerPolicies(argument: _nexus_v1_ListTimerPoliciesRequest, callback: grpc.requestCallback<_nexus_v1_ListTimerPoliciesResponse__Output>): grpc.ClientUnaryCall;
  listTimerPolicies(argument: _nexus_v1_ListTimerPoliciesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListTimerPoliciesResponse__Output>): grpc.ClientUnaryCall;
  listTimerPolicies(argument: _nexus_v1_ListTimerPoliciesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListTimerPoliciesResponse__Output>): grpc.ClientUnaryCall;
  listTimerPolicies(argument: _nexus_v1_ListTimerPoliciesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListTimerPoliciesResponse__Output>): grpc.ClientUnaryCall;
  listTimerPolicies(argument: _nexus_v1_ListTimerPoliciesRequest, callback: grpc.requestCallback<_nexus_v1_ListTimerPoliciesResponse__Output>): grpc.ClientUnaryCall;
  
  MarkMessageRead(argument: _nexus_v1_MarkMessageReadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  MarkMessageRead(argument: _nexus_v1_MarkMessageReadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  MarkMessageRead(argument: _nexus_v1_MarkMessageReadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  MarkMessageRead(argument: _nexus_v1_MarkMessageReadRequest, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  markMessageRead(argument: _nexus_v1_MarkMessageReadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  markMessageRead(argument: _nexus_v1_MarkMessageReadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  markMessageRead(argument: _nexus_v1_MarkMessageReadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  markMessageRead(argument: _nexus_v1_MarkMessageReadRequest, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  
  OfferInteraction(argument: _nexus_v1_OfferInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  OfferInteraction(argument: _nexus_v1_OfferInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  OfferInteraction(argument: _nexus_v1_OfferInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  OfferInteraction(argument: _nexus_v1_OfferInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  offerInteraction(argument: _nexus_v1_OfferInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  offerInteraction(argument: _nexus_v1_OfferInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  offerInteraction(argument: _nexus_v1_OfferInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  offerInteraction(argument: _nexus_v1_OfferInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
  QueueInteraction(argument: _nexus_v1_QueueInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  QueueInteraction(argument: _nexus_v1_QueueInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  QueueInteraction(argument: _nexus_v1_QueueInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  QueueInteraction(argument: _nexus_v1_QueueInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  queueInteraction(argument: _nexus_v1_QueueInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  queueInteraction(argument: _nexus_v1_QueueInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  queueInteraction(argument: _nexus_v1_QueueInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  queueInteraction(argument: _nexus_v1_QueueInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
  RemoveParticipant(argument: _nexus_v1_RemoveParticipantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  RemoveParticipant(argument: _nexus_v1_RemoveParticipantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  RemoveParticipant(argument: _nexus_v1_RemoveParticipantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  RemoveParticipant(argument: _nexus_v1_RemoveParticipantRequest, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  removeParticipant(argument: _nexus_v1_RemoveParticipantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  removeParticipant(argument: _nexus_v1_RemoveParticipantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  removeParticipant(argument: _nexus_v1_RemoveParticipantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  removeParticipant(argument: _nexus_v1_RemoveParticipantRequest, callback: grpc.requestCallback<_nexus_v1_Participant__Output>): grpc.ClientUnaryCall;
  
  ResumeInteraction(argument: _nexus_v1_ResumeInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  ResumeInteraction(argument: _nexus_v1_ResumeInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  ResumeInteraction(argument: _nexus_v1_ResumeInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  ResumeInteraction(argument: _nexus_v1_ResumeInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  resumeInteraction(argument: _nexus_v1_ResumeInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  resumeInteraction(argument: _nexus_v1_ResumeInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  resumeInteraction(argument: _nexus_v1_ResumeInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  resumeInteraction(argument: _nexus_v1_ResumeInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
  SendMessage(argument: _nexus_v1_SendMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  SendMessage(argument: _nexus_v1_SendMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  SendMessage(argument: _nexus_v1_SendMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  SendMessage(argument: _nexus_v1_SendMessageRequest, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  sendMessage(argument: _nexus_v1_SendMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  sendMessage(argument: _nexus_v1_SendMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  sendMessage(argument: _nexus_v1_SendMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  sendMessage(argument: _nexus_v1_SendMessageRequest, callback: grpc.requestCallback<_nexus_v1_Message__Output>): grpc.ClientUnaryCall;
  
  SendTyping(argument: _nexus_v1_SendTypingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TypingIndicator__Output>): grpc.ClientUnaryCall;
  SendTyping(argument: _nexus_v1_SendTypingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_TypingIndicator__Output>): grpc.ClientUnaryCall;
  SendTyping(argument: _nexus_v1_SendTypingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TypingIndicator__Output>): grpc.ClientUnaryCall;
  SendTyping(argument: _nexus_v1_SendTypingRequest, callback: grpc.requestCallback<_nexus_v1_TypingIndicator__Output>): grpc.ClientUnaryCall;
  sendTyping(argument: _nexus_v1_SendTypingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TypingIndicator__Output>): grpc.ClientUnaryCall;
  sendTyping(argument: _nexus_v1_SendTypingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_TypingIndicator__Output>): grpc.ClientUnaryCall;
  sendTyping(argument: _nexus_v1_SendTypingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TypingIndicator__Output>): grpc.ClientUnaryCall;
  sendTyping(argument: _nexus_v1_SendTypingRequest, callback: grpc.requestCallback<_nexus_v1_TypingIndicator__Output>): grpc.ClientUnaryCall;
  
  SnoozeInteraction(argument: _nexus_v1_SnoozeInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  SnoozeInteraction(argument: _nexus_v1_SnoozeInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  SnoozeInteraction(argument: _nexus_v1_SnoozeInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  SnoozeInteraction(argument: _nexus_v1_SnoozeInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  snoozeInteraction(argument: _nexus_v1_SnoozeInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  snoozeInteraction(argument: _nexus_v1_SnoozeInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  snoozeInteraction(argument: _nexus_v1_SnoozeInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  snoozeInteraction(argument: _nexus_v1_SnoozeInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
  TransferInteraction(argument: _nexus_v1_TransferInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  TransferInteraction(argument: _nexus_v1_TransferInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  TransferInteraction(argument: _nexus_v1_TransferInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  TransferInteraction(argument: _nexus_v1_TransferInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  transferInteraction(argument: _nexus_v1_TransferInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  transferInteraction(argument: _nexus_v1_TransferInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  transferInteraction(argument: _nexus_v1_TransferInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  transferInteraction(argument: _nexus_v1_TransferInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
  UpdateInteraction(argument: _nexus_v1_UpdateInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  UpdateInteraction(argument: _nexus_v1_UpdateInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  UpdateInteraction(argument: _nexus_v1_UpdateInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  UpdateInteraction(argument: _nexus_v1_UpdateInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  updateInteraction(argument: _nexus_v1_UpdateInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  updateInteraction(argument: _nexus_v1_UpdateInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  updateInteraction(argument: _nexus_v1_UpdateInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  updateInteraction(argument: _nexus_v1_UpdateInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
  UpdateTimerPolicy(argument: _nexus_v1_UpdateTimerPolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  UpdateTimerPolicy(argument: _nexus_v1_UpdateTimerPolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  UpdateTimerPolicy(argument: _nexus_v1_UpdateTimerPolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  UpdateTimerPolicy(argument: _nexus_v1_UpdateTimerPolicyRequest, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  updateTimerPolicy(argument: _nexus_v1_UpdateTimerPolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  updateTimerPolicy(argument: _nexus_v1_UpdateTimerPolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  updateTimerPolicy(argument: _nexus_v1_UpdateTimerPolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  updateTimerPolicy(argument: _nexus_v1_UpdateTimerPolicyRequest, callback: grpc.requestCallback<_nexus_v1_TimerPolicy__Output>): grpc.ClientUnaryCall;
  
  WaitInteraction(argument: _nexus_v1_WaitInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  WaitInteraction(argument: _nexus_v1_WaitInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  WaitInteraction(argument: _nexus_v1_WaitInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  WaitInteraction(argument: _nexus_v1_WaitInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  waitInteraction(argument: _nexus_v1_WaitInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  waitInteraction(argument: _nexus_v1_WaitInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  waitInteraction(argument: _nexus_v1_WaitInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  waitInteraction(argument: _nexus_v1_WaitInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
  WrapUpInteraction(argument: _nexus_v1_WrapUpInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  WrapUpInteraction(argument: _nexus_v1_WrapUpInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  WrapUpInteraction(argument: _nexus_v1_WrapUpInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  WrapUpInteraction(argument: _nexus_v1_WrapUpInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  wrapUpInteraction(argument: _nexus_v1_WrapUpInteractionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  wrapUpInteraction(argument: _nexus_v1_WrapUpInteractionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  wrapUpInteraction(argument: _nexus_v1_WrapUpInteractionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  wrapUpInteraction(argument: _nexus_v1_WrapUpInteractionRequest, callback: grpc.requestCallback<_nexus_v1_Interaction__Output>): grpc.ClientUnaryCall;
  
}

export interface InteractionServiceHandlers extends grpc.UntypedServiceImplementation {
  AcceptInteraction: grpc.handleUnaryCall<_nexus_v1_AcceptInteractionRequest__Output, _nexus_v1_Interaction>;
  
  AddParticipant: grpc.handleUnaryCall<_nexus_v1_AddParticipantRequest__Output, _nexus_v1_Participant>;
  
  AutomateInteraction: grpc.handleUnaryCall<_nexus_v1_AutomateInteractionRequest__Output, _nexus_v1_Interaction>;
  
  CompleteInteraction: grpc.handleUnaryCall<_nexus_v1_CompleteInteractionRequest__Output, _nexus_v1_Interaction>;
  
  CreateInteraction: grpc.handleUnaryCall<_nexus_v1_CreateInteractionRequest__Output, _nexus_v1_Interaction>;
  
  DeclineInteraction: grpc.handleUnaryCall<_nexus_v1_DeclineInteractionRequest__Output, _nexus_v1_Interaction>;
  
  GetInteraction: grpc.handleUnaryCall<_nexus_v1_GetInteractionRequest__Output, _nexus_v1_Interaction>;
  
  GetMessage: grpc.handleUnaryCall<_nexus_v1_GetMessageRequest__Output, _nexus_v1_Message>;
  
  GetStateModel: grpc.handleUnaryCall<_nexus_v1_GetStateModelRequest__Output, _nexus_v1_StateModel>;
  
  GetTimerPolicy: grpc.handleUnaryCall<_nexus_v1_GetTimerPolicyRequest__Output, _nexus_v1_TimerPolicy>;
  
  ListInteractions: grpc.handleUnaryCall<_nexus_v1_ListInteractionsRequest__Output, _nexus_v1_ListInteractionsResponse>;
  
  ListMessages: grpc.handleUnaryCall<_nexus_v1_ListMessagesRequest__Output, _nexus_v1_ListMessagesResponse>;
  
  ListParticipants: grpc.handleUnaryCall<_nexus_v1_ListParticipantsRequest__Output, _nexus_v1_ListParticipantsResponse>;
  
  ListTimerPolicies: grpc.handleUnaryCall<_nexus_v1_ListTimerPoliciesRequest__Output, _nexus_v1_ListTimerPoliciesResponse>;
  
  MarkMessageRead: grpc.handleUnaryCall<_nexus_v1_MarkMessageReadRequest__Output, _nexus_v1_Message>;
  
  OfferInteraction: grpc.handleUnaryCall<_nexus_v1_OfferInteractionRequest__Output, _nexus_v1_Interaction>;
  
  QueueInteraction: grpc.handleUnaryCall<_nexus_v1_QueueInteractionRequest__Output, _nexus_v1_Interaction>;
  
  RemoveParticipant: grpc.handleUnaryCall<_nexus_v1_RemoveParticipantRequest__Output, _nexus_v1_Participant>;
  
  ResumeInteraction: grpc.handleUnaryCall<_nexus_v1_ResumeInteractionRequest__Output, _nexus_v1_Interaction>;
  
  SendMessage: grpc.handleUnaryCall<_nexus_v1_SendMessageRequest__Output, _nexus_v1_Message>;
  
  SendTyping: grpc.handleUnaryCall<_nexus_v1_SendTypingRequest__Output, _nexus_v1_TypingIndicator>;
  
  SnoozeInteraction: grpc.handleUnaryCall<_nexus_v1_SnoozeInteractionRequest__Output, _nexus_v1_Interaction>;
  
  TransferInteraction: grpc.handleUnaryCall<_nexus_v1_TransferInteractionRequest__Output, _nexus_v1_Interaction>;
  
  UpdateInteraction: grpc.handleUnaryCall<_nexus_v1_UpdateInteractionRequest__Output, _nexus_v1_Interaction>;
  
  UpdateTimerPolicy: grpc.handleUnaryCall<_nexus_v1_UpdateTimerPolicyRequest__Output, _nexus_v1_TimerPolicy>;
  
  WaitInteraction: grpc.handleUnaryCall<_nexus_v1_WaitInteractionRequest__Output, _nexus_v1_Interaction>;
  
  WrapUpInteraction: grpc.handleUnaryCall<_nexus_v1_WrapUpInteractionRequest__Output, _nexus_v1_Interaction>;
  
}

export interface InteractionServiceDefinition extends grpc.ServiceDefinition {
  AcceptInteraction: MethodDefinition<_nexus_v1_AcceptInteractionRequest, _nexus_v1_Interaction, _nexus_v1_AcceptInteractionRequest__Output, _nexus_v1_Interaction__Output>
  AddParticipant: MethodDefinition<_nexus_v1_AddParticipantRequest, _nexus_v1_Participant, _nexus_v1_AddParticipantRequest__Output, _nexus_v1_Participant__Output>
  AutomateInteraction: MethodDefinition<_nexus_v1_AutomateInteractionRequest, _nexus_v1_Interaction, _nexus_v1_AutomateInteractionRequest__Output, _nexus_v1_Interaction__Output>
  CompleteInteraction: MethodDefinition<_nexus_v1_CompleteInteractionRequest, _nexus_v1_Interaction, _nexus_v1_CompleteInteractionRequest__Output, _nexus_v1_Interaction__Output>
  CreateInteraction: MethodDefinition<_nexus_v1_CreateInteractionRequest, _nexus_v1_Interaction, _nexus_v1_CreateInteractionRequest__Output, _nexus_v1_Interaction__Output>
  DeclineInteraction: MethodDefinition<_nexus_v1_DeclineInteractionRequest, _nexus_v1_Interaction, _nexus_v1_DeclineInteractionRequest__Output, _nexus_v1_Interaction__Output>
  GetInteraction: MethodDefinition<_nexus_v1_GetInteractionRequest, _nexus_v1_Interaction, _nexus_v1_GetInteractionRequest__Output, _nexus_v1_Interaction__Output>
  GetMessage: MethodDefinition<_nexus_v1_GetMessageRequest, _nexus_v1_Message, _nexus_v1_GetMessageRequest__Output, _nexus_v1_Message__Output>
  GetStateModel: MethodDefinition<_nexus_v1_GetStateModelRequest, _nexus_v1_StateModel, _nexus_v1_GetStateModelRequest__Output, _nexus_v1_StateModel__Output>
  GetTimerPolicy: MethodDefinition<_nexus_v1_GetTimerPolicyRequest, _nexus_v1_TimerPolicy, _nexus_v1_GetTimerPolicyRequest__Output, _nexus_v1_TimerPolicy__Output>
  ListInteractions: MethodDefinition<_nexus_v1_ListInteractionsRequest, _nexus_v1_ListInteractionsResponse, _nexus_v1_ListInteractionsRequest__Output, _nexus_v1_ListInteractionsResponse__Output>
  ListMessages: MethodDefinition<_nexus_v1_ListMessagesRequest, _nexus_v1_ListMessagesResponse, _nexus_v1_ListMessagesRequest__Output, _nexus_v1_ListMessagesResponse__Output>
  ListParticipants: MethodDefinition<_nexus_v1_ListParticipantsRequest, _nexus_v1_ListParticipantsResponse, _nexus_v1_ListParticipantsRequest__Output, _nexus_v1_ListParticipantsResponse__Output>
  ListTimerPolicies: MethodDefinition<_nexus_v1_ListTimerPoliciesRequest, _nexus_v1_ListTimerPoliciesResponse, _nexus_v1_ListTimerPoliciesRequest__Output, _nexus_v1_ListTimerPoliciesResponse__Output>
  MarkMessageRead: MethodDefinition<_nexus_v1_MarkMessageReadRequest, _nexus_v1_Message, _nexus_v1_MarkMessageReadRequest__Output, _nexus_v1_Message__Output>
  OfferInteraction: MethodDefinition<_nexus_v1_OfferInteractionRequest, _nexus_v1_Interaction, _nexus_v1_OfferInteractionRequest__Output, _nexus_v1_Interaction__Output>
  QueueInteraction: MethodDefinition<_nexus_v1_QueueInteractionRequest, _nexus_v1_Interaction, _nexus_v1_QueueInteractionRequest__Output, _nexus_v1_Interaction__Output>
  RemoveParticipant: MethodDefinition<_nexus_v1_RemoveParticipantRequest, _nexus_v1_Participant, _nexus_v1_RemoveParticipantRequest__Output, _nexus_v1_Participant__Output>
  ResumeInteraction: MethodDefinition<_nexus_v1_ResumeInteractionRequest, _nexus_v1_Interaction, _nexus_v1_ResumeInteractionRequest__Output, _nexus_v1_Interaction__Output>
  SendMessage: MethodDefinition<_nexus_v1_SendMessageRequest, _nexus_v1_Message, _nexus_v1_SendMessageRequest__Output, _nexus_v1_Message__Output>
  SendTyping: MethodDefinition<_nexus_v1_SendTypingRequest, _nexus_v1_TypingIndicator, _nexus_v1_SendTypingRequest__Output, _nexus_v1_TypingIndicator__Output>
  SnoozeInteraction: MethodDefinition<_nexus_v1_SnoozeInteractionRequest, _nexus_v1_Interaction, _nexus_v1_SnoozeInteractionRequest__Output, _nexus_v1_Interaction__Output>
  TransferInteraction: MethodDefinition<_nexus_v1_TransferInteractionRequest, _nexus_v1_Interaction, _nexus_v1_TransferInteractionRequest__Output, _nexus_v1_Interaction__Output>
  UpdateInteraction: MethodDefinition<_nexus_v1_UpdateInteractionRequest, _nexus_v1_Interaction, _nexus_v1_UpdateInteractionRequest__Output, _nexus_v1_Interaction__Output>
  UpdateTimerPolicy: MethodDefinition<_nexus_v1_UpdateTimerPolicyRequest, _nexus_v1_TimerPolicy, _nexus_v1_UpdateTimerPolicyRequest__Output, _nexus_v1_TimerPolicy__Output>
  WaitInteraction: MethodDefinition<_nexus_v1_WaitInteractionRequest, _nexus_v1_Interaction, _nexus_v1_WaitInteractionRequest__Output, _nexus_v1_Interaction__Output>
  WrapUpInteraction: MethodDefinition<_nexus_v1_WrapUpInteractionRequest, _nexus_v1_Interaction, _nexus_v1_WrapUpInteractionRequest__Output, _nexus_v1_Interaction__Output>
}
