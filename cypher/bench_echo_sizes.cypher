// :param a => [1, 2]
// :param b => [3]
// :param c => []
// :param d => []
// The driver benchmark's round trip: four big lists in (the loader's batch shape), sizes out.
RETURN size($a) AS a, size($b) AS b, size($c) AS c, size($d) AS d
