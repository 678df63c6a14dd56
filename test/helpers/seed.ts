// What the seed primer's minimiser program prints in Python (../shared/seed), every 50 of its 500 steps.
export const SEED_MINIMISER_OUTPUT = [
  'y= tensor(0.9604) ; x= tensor(0.0200)',
  'y= tensor(0.1274) ; x= tensor(0.6431)',
  'y= tensor(0.0169) ; x= tensor(0.8700)',
  'y= tensor(0.0022) ; x= tensor(0.9527)',
  'y= tensor(0.0003) ; x= tensor(0.9828)',
  'y= tensor(3.9399e-05) ; x= tensor(0.9937)',
  'y= tensor(5.2452e-06) ; x= tensor(0.9977)',
  'y= tensor(7.1526e-07) ; x= tensor(0.9992)',
  'y= tensor(1.1921e-07) ; x= tensor(0.9997)',
  'y= tensor(0.) ; x= tensor(0.9999)',
];
