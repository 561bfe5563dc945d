"""The train/validation split (tools/training/data.py stratified_split): the
same seed must give the same lists, because training and the quantizer's
hold-out (tools/quantize/holdout.py) each recompute it and must agree."""
import random
import tempfile
import unittest
from collections import Counter
from pathlib import Path

import support
from tools.training.data import list_class_folder, stratified_split

# Per class: image count, and the hold-out stratified_split promises at
# fraction 0.2: round(count * 0.2), but at least one image per class.
COUNTS = {"alpha": 10, "beta": 25, "gamma": 3, "delta": 2}
EXPECTED_HELD = {"alpha": 2, "beta": 5, "gamma": 1, "delta": 1}
FRACTION = 0.2


class StratifiedSplit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        root = Path(cls.tmp.name)
        support.write_class_folders(root, COUNTS)
        cls.classes, cls.items = list_class_folder(root)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_folder_listing_is_sorted_by_class(self):
        self.assertEqual(self.classes, sorted(COUNTS))
        self.assertEqual(len(self.items), sum(COUNTS.values()))

    def test_same_seed_gives_the_same_lists_in_the_same_order(self):
        first = stratified_split(self.items, FRACTION, seed=1234)
        second = stratified_split(list(self.items), FRACTION, seed=1234)
        self.assertEqual(first, second)

    def test_global_random_state_does_not_matter(self):
        # Only the seed argument may decide the split, not whatever ran before.
        random.seed(1)
        first = stratified_split(self.items, FRACTION, seed=1234)
        random.seed(2)
        random.random()
        self.assertEqual(first, stratified_split(self.items, FRACTION, seed=1234))

    def test_another_seed_gives_another_split(self):
        _, held_a = stratified_split(self.items, FRACTION, seed=1234)
        _, held_b = stratified_split(self.items, FRACTION, seed=4321)
        self.assertNotEqual(sorted(held_a), sorted(held_b))

    def test_every_file_is_used_exactly_once(self):
        train, held = stratified_split(self.items, FRACTION, seed=1234)
        self.assertFalse(set(train) & set(held), "an image is both in train and validation")
        self.assertEqual(len(train) + len(held), len(self.items))
        self.assertEqual(sorted(train + held), sorted(self.items))

    def test_each_class_holds_out_its_fraction_and_at_least_one(self):
        train, held = stratified_split(self.items, FRACTION, seed=1234)
        held_per_class = Counter(self.classes[label] for _, label in held)
        train_per_class = Counter(self.classes[label] for _, label in train)
        self.assertEqual(dict(held_per_class), EXPECTED_HELD)
        for name, count in COUNTS.items():
            self.assertEqual(train_per_class[name], count - EXPECTED_HELD[name], name)

    def test_labels_stay_with_their_files(self):
        train, held = stratified_split(self.items, FRACTION, seed=1234)
        for path, label in train + held:
            self.assertEqual(path.parent.name, self.classes[label])


if __name__ == "__main__":
    unittest.main()
