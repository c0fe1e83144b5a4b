/** The signaling socket's address for a call (an appointment's, or a callback's screen help), from the server's base URL. */
export function callUrl(api: string, callId: string, query: Record<string, string> = {}): string {
  const url = new URL(`/api/calls/${encodeURIComponent(callId)}/ws`, api);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}
