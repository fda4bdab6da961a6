"""Views of wahlen: public pages, the voting page and the pages of the Wahlleitung."""
