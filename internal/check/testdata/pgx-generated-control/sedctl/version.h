#define SEDC_VERSION "1.1"
