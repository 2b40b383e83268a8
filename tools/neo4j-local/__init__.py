"""The Maven project of the local Neo4j, shipped in the wheel as ``ecograph.neo4j_launcher``.

Only its sources travel (``pom.xml``, the Java files, the README; never
``target/``): ``ecograph.stores.neo4j_local`` copies them into a build folder
and runs Maven there on first use.
"""
