/**
 * Hands bytes fetched with a credential to the browser as a download. A link to the API itself
 * would leave the citizen's token in the browser's history and downloads list, and a page on
 * another origin cannot name the file of a cross-origin link; a blob's address names nothing and
 * lives only as long as it is needed.
 */
export function saveFile(bytes: ArrayBuffer, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has started from the blob by the next task; a minute leaves slow devices room.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
