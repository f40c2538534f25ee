"""poortwachter: legally exact, cited, replayable deadlines for the Wet verbetering poortwachter."""
