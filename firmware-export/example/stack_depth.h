/* Measures the stack a call really uses on the target, library routines
 * included: a measurement -fstack-usage cannot make, since it sees one
 * function at a time and none of the C library. */
#ifndef STACK_DEPTH_H
#define STACK_DEPTH_H

/* Fills the 2 KB below the stack pointer with a pattern, calls
 * probe(context), and returns how many bytes below the caller's stack
 * pointer the pattern was overwritten. Needs no interrupts during the
 * call (none are enabled in the example). */
unsigned stack_depth(void (*probe)(const void* context), const void* context);

#endif /* STACK_DEPTH_H */
