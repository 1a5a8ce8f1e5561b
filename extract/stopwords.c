/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stopwords.c - stopword counting for paragraph quality (jusText's signal).
 *
 * Running prose is dense in function words; menus, tag clouds, credits and
 * link lists are not. One sorted list merges the commonest stopwords of
 * English, German, French, Spanish, Italian, Portuguese and Dutch, so the
 * count needs no language guess; scoring compares a block's density with
 * the page's own, which keeps uncovered languages (density near zero
 * everywhere) unaffected. ASCII words only: accented stopwords are rare
 * enough in those lists not to matter for a ratio.
 */
#include "extract/internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const STOP[] = {
	"a", "about", "after", "al", "all", "also", "als", "an", "and", "are", "as", "at", "au", "auch", "auf",
	"aus", "be", "been", "bei", "but", "by", "can", "che", "com", "como", "con", "could", "da", "das", "dass",
	"de", "del", "della", "dem", "den", "der", "des", "di", "die", "dit", "do", "dos", "du", "een", "ein",
	"eine", "el", "em", "en", "er", "es", "est", "et", "for", "from", "gli", "had", "has", "have", "he",
	"het", "her", "his", "i", "if", "il", "im", "in", "into", "is", "ist", "it", "its", "je", "la", "las",
	"le", "les", "lo", "los", "mais", "mas", "mit", "more", "nao", "nach", "ne", "nicht", "no", "non",
	"not", "of", "om", "on", "one", "only", "op", "or", "os", "other", "our", "out", "par", "per", "por",
	"pour", "que", "qui", "se", "she", "si", "sich", "sie", "so", "some", "sono", "sur", "than", "that",
	"the", "their", "them", "then", "there", "they", "this", "to", "um", "un", "una", "und", "une", "uno",
	"up", "van", "was", "we", "were", "what", "when", "which", "who", "will", "with", "would", "y", "you",
	"zu", "zum", "zur",
};

static int cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

void x_stopcount(const xmlChar *s, uint32_t *words, uint32_t *stops)
{
	char w[8];
	while (*s) {
		while (*s && !((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z') && *s < 0x80) s++;
		if (!*s) break;
		size_t k = 0;
		bool ascii = true;
		while (*s && (((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z') || *s >= 0x80 || *s == '\'')) {
			if (*s >= 0x80 || *s == '\'') ascii = false;
			if (k < sizeof w - 1) w[k] = (char)(*s | 0x20);
			k++;
			s++;
		}
		(*words)++;
		if (ascii && k <= 5) {   /* no listed stopword is longer */
			w[k] = 0;
			if (bsearch(w, STOP, sizeof STOP / sizeof STOP[0], sizeof STOP[0], cmp)) (*stops)++;
		}
	}
}
