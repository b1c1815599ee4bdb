/* Stack painting: see stack_depth.h. */
#include "stack_depth.h"

#include <stdint.h>

#define PAINTED_WORDS 512u
#define PAINT 0xC0FFEE11u

unsigned stack_depth(void (*probe)(const void* context), const void* context) {
  volatile uint32_t* top;
  volatile uint32_t* word;
  uint32_t sp;

  __asm__ volatile("mov %0, sp" : "=r"(sp));
  top = (volatile uint32_t*)sp;
  for (word = top - PAINTED_WORDS; word < top; ++word) *word = PAINT;
  probe(context);
  for (word = top - PAINTED_WORDS; word < top && *word == PAINT; ++word) {
  }
  return (unsigned)((uintptr_t)top - (uintptr_t)word);
}
