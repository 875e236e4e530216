package dev.bulwark.validation;

import java.text.Normalizer;
import org.jspecify.annotations.Nullable;

/**
 * The Unicode normalisation form an {@link InputPolicy} applies before it checks and returns a
 * value.
 */
public enum Normalization {
  /** Keep the text as sent. */
  NONE(null),
  /** Canonical composition: the same text, one spelling ({@code e} + combining acute becomes {@code é}). */
  NFC(Normalizer.Form.NFC),
  /**
   * Compatibility composition: also folds look-alikes ({@code ＜} to {@code <}, {@code ﬁ} to
   * {@code fi}), so that what is checked is what a downstream NFKC step would see. The safest choice
   * for identifiers and search input; it changes how some text looks.
   */
  NFKC(Normalizer.Form.NFKC);

  private final Normalizer.@Nullable Form form;

  Normalization(Normalizer.@Nullable Form form) {
    this.form = form;
  }

  /**
   * Normalises {@code text}.
   *
   * @param text the text
   * @return the normalised text; the same instance when it is already normalised
   */
  String apply(String text) {
    Normalizer.Form f = form;
    if (f == null || isAscii(text) || Normalizer.isNormalized(text, f)) {
      return text;
    }
    return Normalizer.normalize(text, f);
  }

  /**
   * ASCII text is already in every normalisation form (no ASCII character decomposes, composes or
   * has a compatibility mapping), and {@link Normalizer#isNormalized} allocates about 100 bytes per
   * call: this scan keeps the common case allocation-free.
   */
  private static boolean isAscii(String text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
