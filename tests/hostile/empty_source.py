# expect: CE|RE
# needs: none
# why: an empty submission (generated: the runner submits 0 bytes, this file only documents the case)
