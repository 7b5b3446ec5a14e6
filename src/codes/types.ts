/** Which table a reading of a number comes from. */
export type CodeKind = 'win32' | 'hresult' | 'ntstatus' | 'bugcheck';

/** One meaning of a number: the same number can be a Win32 code and part of an HRESULT. */
export interface CodeReading {
  kind: CodeKind;
  /** Unsigned 32-bit value. */
  value: number;
  /** `0x00002741` style, upper-case hex digits. */
  hex: string;
  /** Symbolic name (`WSAEADDRNOTAVAIL`), when the tables know one. */
  name?: string;
  /** Message text (`The requested address is not valid in its context.`), when known. */
  message?: string;
  /** For an HRESULT with FACILITY_WIN32 (0x8007xxxx): the Win32 code it carries. */
  win32?: CodeReading;
}
