/**
 * Every error code the server answers with: its HTTP status and the message sent when the place
 * that raises it has nothing more precise to say. `AppError` takes only these codes, so a code
 * that is not here fails the type check; the OpenAPI document lists them (shared/errors.ts), and
 * the widgets' copies of the codes are checked against them (test/error-catalogue.test.ts).
 *
 * Codes sent over a call's socket rather than as an HTTP answer (calls/protocol.ts) have no
 * status.
 */
export const ERRORS = {
  // The request itself, as HTTP, the router or the schema validation sees it.
  FIN_ERR_VALIDATION: { status: 400, message: 'The request is not valid' },
  FIN_ERR_REQUEST_INVALID: { status: 400, message: 'The request is not valid HTTP' },
  FIN_ERR_URL_INVALID: { status: 400, message: 'The URL path is not validly percent-encoded' },
  FIN_ERR_BODY_TOO_DEEP: { status: 400, message: 'The JSON body nests objects and arrays too deeply' },
  FIN_ERR_NOT_FOUND: { status: 404, message: 'Not found' },
  FIN_ERR_METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed' },
  FIN_ERR_NOT_ACCEPTABLE: { status: 406, message: 'None of the accepted media types can be produced' },
  FIN_ERR_REQUEST_TIMEOUT: { status: 408, message: 'The request did not arrive in time' },
  FIN_ERR_PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  FIN_ERR_URL_TOO_LONG: { status: 414, message: 'A segment of the URL path is too long' },
  FIN_ERR_MEDIA_TYPE_UNSUPPORTED: { status: 415, message: 'The request body has a media type this route does not take' },
  FIN_ERR_HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large' },
  FIN_ERR_RATE_LIMITED: { status: 429, message: 'Too many requests' },
  FIN_ERR_INTERNAL: { status: 500, message: 'Internal server error' },

  // Who is asking: the desk's session, a citizen's link, the browser's origin.
  FIN_ERR_AUTH_REQUIRED: { status: 401, message: 'Sign in to continue' },
  FIN_ERR_CREDENTIALS_INVALID: { status: 401, message: 'The email or the password is not correct' },
  FIN_ERR_SESSION_NOT_FOUND: { status: 404, message: 'No such session of yours' },
  FIN_ERR_ROLE_FORBIDDEN: { status: 403, message: 'Your role at the desk does not allow this' },
  FIN_ERR_METRICS_TOKEN_INVALID: { status: 401, message: 'The metrics need the bearer token of METRICS_TOKEN_FILE' },
  FIN_ERR_TOKEN_INVALID: { status: 401, message: 'This link is not valid or has expired' },
  FIN_ERR_FORBIDDEN: { status: 403, message: 'Forbidden' },
  FIN_ERR_TOKEN_FORBIDDEN: { status: 403, message: "A calendar's link only opens the appointment and its call; use the personal link from the email to change it" },
  FIN_ERR_ORIGIN_FORBIDDEN: { status: 403, message: 'Requests from this origin are not allowed' },
  // Signing in with a council's identity provider (modules/oidc): the desk's sign-in shows them.
  FIN_ERR_OIDC_NOT_CONFIGURED: { status: 404, message: 'This council has no identity provider' },
  FIN_ERR_OIDC_FAILED: { status: 401, message: 'Signing in with the identity provider failed or took too long: start again' },
  FIN_ERR_OIDC_UNAVAILABLE: { status: 503, message: 'The identity provider cannot be reached' },
  FIN_ERR_OIDC_ROLE_MISSING: { status: 403, message: 'Your account at the identity provider gives you no role at this desk' },
  FIN_ERR_OIDC_EMAIL_REFUSED: { status: 403, message: 'Your account at the identity provider has no verified email this desk accepts' },

  // A council's agents, managed in the desk by its administrators.
  FIN_ERR_AGENT_NOT_FOUND: { status: 404, message: 'No such agent in your council' },
  FIN_ERR_AGENT_EXISTS: { status: 409, message: 'There is already an agent with this email' },
  FIN_ERR_AGENT_NOT_INVITED: { status: 409, message: 'This agent has already set a password: there is no invitation to renew' },
  FIN_ERR_LAST_ADMINISTRATOR: { status: 409, message: 'The council would be left without an administrator' },

  // Retries and concurrent changes.
  FIN_ERR_IDEMPOTENCY_IN_PROGRESS: { status: 409, message: 'A request with this Idempotency-Key is still being processed' },
  FIN_ERR_IDEMPOTENCY_CONFLICT: { status: 422, message: 'This Idempotency-Key was already used for another request' },
  FIN_ERR_CHANGED_MEANWHILE: { status: 409, message: 'It changed while this request was made: read it again and retry' },

  // Councils and the forms citizens send.
  FIN_ERR_COUNCIL_NOT_FOUND: { status: 404, message: 'Council not found' },
  FIN_ERR_SERVICE_UNAVAILABLE: { status: 404, message: 'This council does not offer this service' },
  FIN_ERR_SUBMISSION_REJECTED: { status: 400, message: 'The request was rejected' },
  FIN_ERR_PHONE_INVALID: { status: 400, message: 'The phone number is not valid' },
  FIN_ERR_EMAIL_INVALID: { status: 400, message: 'The email address is not valid' },
  FIN_ERR_CONSENT_REQUIRED: { status: 400, message: 'Consent to the privacy notice is required' },
  FIN_ERR_TOPIC_UNKNOWN: { status: 400, message: 'Unknown topic' },
  FIN_ERR_PROCEDURE_UNKNOWN: { status: 400, message: 'Unknown procedure' },
  FIN_ERR_ID_DOCUMENT_INVALID: { status: 400, message: 'This is not a valid DNI or NIE' },
  FIN_ERR_SLOT_UNAVAILABLE: { status: 400, message: 'This is not one of the council\'s free times' },
  FIN_ERR_SLOT_TAKEN: { status: 409, message: 'This time has just been taken' },
  FIN_ERR_CASE_NOT_FOUND: { status: 404, message: 'Case not found' },
  FIN_ERR_CASE_CLOSED: { status: 409, message: 'This case was cancelled: it takes no more documents' },
  FIN_ERR_CHALLENGE_REQUIRED: { status: 428, message: 'Bookings from here are unusually many: solve the challenge and send the booking again' },
  FIN_ERR_CHALLENGE_INVALID: { status: 428, message: 'The proof of work is not valid: solve the new challenge' },

  // Phone callbacks.
  FIN_ERR_CALLBACK_NOT_FOUND: { status: 404, message: 'Callback not found' },
  FIN_ERR_CALLBACK_ALREADY_OPEN: { status: 409, message: 'There is already an open callback request for this phone number' },
  FIN_ERR_CALLBACK_ALREADY_CLAIMED: { status: 409, message: 'Another agent has this callback' },
  FIN_ERR_CALLBACK_CLOSED: { status: 409, message: 'This callback is already closed' },
  FIN_ERR_CALLBACK_NOT_DUE: { status: 409, message: 'The citizen agreed to be called later: wait for their time' },
  FIN_ERR_CALLBACK_NOT_CANCELLABLE: { status: 409, message: 'This callback can no longer be cancelled' },
  FIN_ERR_CALLBACK_IN_PROGRESS: { status: 409, message: 'An agent is calling the citizen now: wait for the outcome' },

  // Video appointments and their calls.
  FIN_ERR_APPOINTMENT_NOT_FOUND: { status: 404, message: 'Appointment not found' },
  FIN_ERR_APPOINTMENT_NOT_CHANGEABLE: { status: 409, message: 'This appointment can no longer be changed' },
  FIN_ERR_APPOINTMENT_NOT_OPEN: { status: 409, message: 'The video call of this appointment is not open now' },
  FIN_ERR_CALL_NOT_FOUND: { status: 404, message: 'Call not found' },
  FIN_ERR_CALL_ENDED: { status: 409, message: 'The call has ended' },
  FIN_ERR_RECORDING_NOT_FOUND: { status: 404, message: 'Recording not found' },
  FIN_ERR_RECORDING_PARTY_NOT_FOUND: { status: 404, message: 'This recording has nothing of that party' },
  FIN_ERR_RANGE_INVALID: { status: 416, message: 'The range asked for is outside the recording' },
  FIN_ERR_RECORDING_DAMAGED: { status: 500, message: 'The recording does not match its seal: it is damaged or was altered' },

  // Screen help during a callback.
  FIN_ERR_SCREEN_HELP_CODE_INVALID: { status: 404, message: 'This code does not open a screen-help session: check it with the agent on the phone' },
  FIN_ERR_SCREEN_HELP_NOT_CALLING: { status: 409, message: 'Screen help is started from a callback you are calling now' },
  FIN_ERR_SCREEN_HELP_NOT_FOUND: { status: 404, message: 'This callback has no screen-help session' },
  FIN_ERR_SCREEN_HELP_ENDED: { status: 409, message: 'This screen-help session has ended' },

  // The call's signaling socket (calls/protocol.ts): sent in a refused request's answer, never as an HTTP status.
  FIN_ERR_CALL_BAD_MESSAGE: { status: null, message: 'Messages are JSON objects with an id' },
  FIN_ERR_CALL_UNKNOWN_METHOD: { status: null, message: 'Unknown method' },
  FIN_ERR_CALL_INVALID_DATA: { status: null, message: 'The request\'s data is not valid' },
  FIN_ERR_CALL_NOT_JOINED: { status: null, message: 'Join first' },
  FIN_ERR_CALL_ALREADY_JOINED: { status: null, message: 'Already joined' },
  FIN_ERR_CALL_NOT_ADMITTED: { status: null, message: 'Wait until the agent lets you in' },
  FIN_ERR_CALL_FORBIDDEN: { status: null, message: 'Your role in the call cannot do that' },
  FIN_ERR_CALL_MEDIA_UNAVAILABLE: { status: null, message: 'The media server is not available' },

  // Documents and their uploads (tus).
  FIN_ERR_DOCUMENT_NOT_FOUND: { status: 404, message: 'Document not found' },
  FIN_ERR_DOCUMENT_LIMIT: { status: 409, message: 'This case has all the documents it can take' },
  FIN_ERR_DOCUMENT_TOO_LARGE: { status: 413, message: 'The file is too large' },
  FIN_ERR_DOCUMENT_TYPE: { status: 415, message: 'This type of file is not accepted' },
  FIN_ERR_DOCUMENT_INFECTED: { status: 422, message: 'The file contains malware and was not kept' },
  FIN_ERR_DOCUMENT_UNREADABLE: { status: 422, message: 'The image could not be read' },
  FIN_ERR_DOCUMENT_DAMAGED: { status: 500, message: 'The document does not match its seal: it is damaged or was altered' },
  FIN_ERR_UPLOAD_NOT_FOUND: { status: 404, message: 'Upload not found' },
  FIN_ERR_UPLOAD_INVALID: { status: 400, message: 'The upload request is not valid' },
  FIN_ERR_UPLOAD_ADDRESS_INVALID: { status: 400, message: 'An upload address takes no query string or fragment' },
  FIN_ERR_UPLOAD_CONCAT_UNSUPPORTED: { status: 400, message: 'Uploads in parallel parts (Upload-Concat) are not supported' },
  FIN_ERR_UPLOAD_LENGTH_REQUIRED: { status: 400, message: 'headers.upload-length must give the whole size: an upload whose length is declared later is not supported' },
  FIN_ERR_UPLOAD_OFFSET_CONFLICT: { status: 409, message: 'Upload-Offset does not match what the server has' },
  FIN_ERR_UPLOAD_LOCKED: { status: 423, message: 'The upload is being written by another request: try again shortly' },
  FIN_ERR_TUS_VERSION: { status: 412, message: 'Tus-Resumable must be 1.0.0' },

  // Satisfaction surveys and open data.
  FIN_ERR_SURVEY_NOT_FOUND: { status: 404, message: 'There is no survey for this link' },
  FIN_ERR_SURVEY_ANSWERED: { status: 409, message: 'This survey has already been answered. Thank you for your opinion!' },
  FIN_ERR_SURVEY_EXPIRED: { status: 410, message: 'This survey has closed' },
  FIN_ERR_MONTH_INVALID: { status: 400, message: 'The month is not valid' },

  // The procedure inside the video call.
  FIN_ERR_PROCEDURE_STEP_ORDER: { status: 409, message: 'Finish the steps before this one first' },
  FIN_ERR_PROCEDURE_CLOSED: { status: 409, message: 'The application is signed: the procedure can no longer change' },
  FIN_ERR_PROCEDURE_NOT_OPEN: { status: 409, message: 'The procedure is done inside the video call, while it runs' },
  FIN_ERR_IDENTITY_CONSENT_REQUIRED: { status: 409, message: 'The citizen has not consented to the identity check' },
  FIN_ERR_IDENTITY_INCOMPLETE: { status: 409, message: 'The identity check is not complete' },
  FIN_ERR_IDENTITY_NOT_VERIFIED: { status: 409, message: 'Without a verified identity the procedure cannot reach agreement' },
  FIN_ERR_STILL_NOT_FOUND: { status: 404, message: 'Still not found' },
  FIN_ERR_STILL_NOT_REQUESTED: { status: 409, message: 'The agent has not asked for this picture' },
  FIN_ERR_MRZ_INVALID: { status: 400, message: 'This is not the machine-readable zone of an identity document' },
  FIN_ERR_LIVENESS_NOT_ISSUED: { status: 409, message: 'No spoken code has been shown to the citizen' },
  FIN_ERR_FORM_UNKNOWN: { status: 400, message: 'This council has no such application form' },
  FIN_ERR_APPLICATION_INVALID: { status: 400, message: 'The application has values that are not valid' },
  FIN_ERR_AGREEMENT_NOT_PRESENTED: { status: 409, message: 'No application is waiting for agreement' },
  FIN_ERR_AGREEMENT_MISMATCH: { status: 409, message: 'The fingerprint is not that of the application presented' },
  FIN_ERR_AGREEMENT_RECORDING_REQUIRED: { status: 409, message: 'The council requires the call to be recorded while the citizen agrees' },
  FIN_ERR_AGREEMENT_MISSING: { status: 409, message: 'The citizen has not agreed to the application' },
  FIN_ERR_HABILITATION_REQUIRED: { status: 403, message: 'Only a habilitated employee can sign on a citizen\'s behalf' },
  FIN_ERR_CONSENT_NOT_ASKED: { status: 409, message: 'The agent has not asked for consent to the identity check' },

  // The registry, the receipt and its verification code.
  FIN_ERR_AGREEMENT_NOT_SIGNED: { status: 409, message: 'The application is not signed yet: it cannot be registered' },
  FIN_ERR_RECEIPT_EXISTS: { status: 409, message: 'The receipt of this case is already made' },
  FIN_ERR_RECEIPT_IN_PROGRESS: { status: 409, message: 'The receipt of this case is being made; try again in a minute' },
  FIN_ERR_VERIFY_NOT_FOUND: { status: 404, message: 'No document has this verification code' },
  FIN_ERR_RECEIPT_NOT_FOUND: { status: 404, message: 'The receipt of this case is not made yet' },
  FIN_ERR_INCIDENT_NOT_FOUND: { status: 404, message: 'No such open incident in your council' },

  // Sealed evidence.
  FIN_ERR_SEAL_NOT_CONFIGURED: { status: 503, message: 'The council has no electronic seal configured: nothing can be sealed for it' },
  FIN_ERR_TIMESTAMP_UNAVAILABLE: { status: 503, message: 'The timestamp authority did not answer: try again later' },
} as const satisfies Record<`FIN_ERR_${string}`, { status: number | null; message: string }>;

/** Any code of the catalogue. */
export type ErrorCode = keyof typeof ERRORS;

/** The codes an HTTP answer can carry: every one with a status. */
export type HttpErrorCode = { [Code in ErrorCode]: (typeof ERRORS)[Code]['status'] extends number ? Code : never }[ErrorCode];
