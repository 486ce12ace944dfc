"""A small .bib with everything export must keep: macros, comments, a broken block, a
duplicate key, LaTeX accents, fields the registry does not know."""

SAMPLE_BIB = r"""@comment{jabref-meta: databaseType:biblatex;}

@string{ijnp = "International Journal of Neuropsychopharmacology"}

% My library, kept by hand.
@article{Pokorny2017,
  author = {Pokorny, Thomas and Preller, K. H.},
  title = {Effect of Psilocybin on Empathy},
  journal = ijnp,
  year = 2017,
  keywords = {empathy, psilocybin},
  file = {:pokorny2017.pdf:PDF},
  abstract = {Emotional empathy went up by 50\%.},
}

@article{broken,
  author = {Foo
  title = {x},

@article{Fauvel2023,
  author = {Fauvel, Baptiste and Strika-Bruneau, Laur{\`e}ne and Piolino, Pascale},
  title = {Changes in self-rumination},
  year = {2023},
}

@article{Fauvel2023,
  author = {M{\"u}ller, Hans and {World Health Organization}},
  title = {Something {DNA} else},
  journal = ijnp # " Letters",
  year = {2020},
  annote = {a duplicate key},
}
"""
