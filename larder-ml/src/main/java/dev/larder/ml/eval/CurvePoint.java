package dev.larder.ml.eval;

/**
 * One point of a ROC or precision–recall curve.
 *
 * @param x the false positive rate (ROC) or the recall (precision–recall)
 * @param y the true positive rate (ROC) or the precision (precision–recall)
 * @param threshold the lowest probability of class 1 that is predicted positive at this point;
 *     {@code +∞} for the point where nothing is predicted positive
 */
public record CurvePoint(double x, double y, double threshold) {}
