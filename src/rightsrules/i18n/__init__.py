"""Languages: the catalogues of translations and the functions that read them."""
