/*
 * A stand-in for Windows 10's bcryptprimitives.dll, for running nianbao.exe
 * under wine 8.0 in .ci/winsmoke only; it is never shipped.
 *
 * Go >= 1.24's runtime loads bcryptprimitives.dll from system32 at start
 * and takes its random numbers from ProcessPrng; wine 8.0 has no such DLL,
 * so every Go program aborts ("bcryptprimitives.dll not found"). This one
 * exports ProcessPrng and fills the buffer from advapi32's RtlGenRandom
 * (SystemFunction036), which wine has. Built with mingw, no C runtime:
 *   x86_64-w64-mingw32-gcc -shared -nostdlib -o bcryptprimitives.dll \
 *     bcryptprimitives.c bcryptprimitives.def -ladvapi32 -lkernel32
 */
#include <windows.h>

/* RtlGenRandom: BOOLEAN SystemFunction036(PVOID, ULONG). */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
	(void)instance;
	(void)reason;
	(void)reserved;
	return TRUE;
}
