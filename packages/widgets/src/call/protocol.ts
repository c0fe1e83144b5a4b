/**
 * The signaling protocol of a video call, as the browser speaks it: the server's own types
 * (packages/server/src/modules/calls/protocol.ts, where the protocol is described), so a change
 * there that breaks the client fails the type check.
 */
export type {
  ConsentState,
  DeviceInfo,
  DtlsParameters,
  EndReason,
  ErrorCode,
  IceServer,
  MediaKind,
  MediaSource,
  Method,
  Notification,
  NotificationName,
  Notifications,
  PeerInfo,
  Point,
  ProducerInfo,
  RecordingState,
  Request,
  Requests,
  RequestedDocument,
  Response,
  Role,
  RtpCapabilities,
  RtpParameters,
  TransportOptions,
  WaitingPeer,
} from '@finestreta/server/contract';
