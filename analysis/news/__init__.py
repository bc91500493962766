"""The news desk's engine: candidate facts found in an article's text, for an analyst to review.

No Streamlit here: the page and the command line share it. `candidates` holds the shape every
finding takes; `numbers` finds quantities with their units, percentages and sums of money;
`dates` finds dates at their precision, read against the publication date; `names` finds
vessels, ports, crude grades and the status words of initiatives; `people` finds people with
their offices and organisations; `targets` tells the column each would fill; `article` reads a
text file or a saved web page; `extract` puts them together, and is the command.
"""
