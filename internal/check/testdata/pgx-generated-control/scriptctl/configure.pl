print "ok";
