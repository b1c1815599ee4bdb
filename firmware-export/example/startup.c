/* Start-up code for the Cortex-M3 of QEMU's mps2-an385 machine: the vector
 * table, and a reset handler that prepares RAM, connects newlib's
 * semihosting, runs main() and leaves through exit(), which ends QEMU
 * (SYS_EXIT). The program is C only, so there are no constructors to run. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern uint32_t __data_load, __data_start, __data_end;
extern uint32_t __bss_start__, __bss_end__;
extern uint32_t __stack_top;

extern int main(void);
extern void initialise_monitor_handles(void);

void Reset_Handler(void);
void Fault_Handler(void);
void _init(void);
void _fini(void);

/* newlib's exit() calls _fini() through __libc_fini_array(); crti.o would
 * define both hooks, but -nostartfiles leaves it out and a C program has
 * nothing to run in them. */
void _init(void) {}
void _fini(void) {}

/* A fault ends the program with status 3, which the host sees. */
void Fault_Handler(void) { exit(3); }

__attribute__((section(".isr_vector"),
               used)) static void (*const vector_table[16])(void) = {
    (void (*)(void))(uintptr_t)&__stack_top, /* initial stack pointer */
    Reset_Handler,
    Fault_Handler, /* NMI */
    Fault_Handler, /* hard fault */
    Fault_Handler, /* memory management fault */
    Fault_Handler, /* bus fault */
    Fault_Handler, /* usage fault */
};

void Reset_Handler(void) {
  /* .data is stored in flash after the code; copy it to RAM. */
  memcpy(&__data_start, &__data_load,
         (size_t)((char*)&__data_end - (char*)&__data_start));
  memset(&__bss_start__, 0,
         (size_t)((char*)&__bss_end__ - (char*)&__bss_start__));
  initialise_monitor_handles();
  exit(main());
}
